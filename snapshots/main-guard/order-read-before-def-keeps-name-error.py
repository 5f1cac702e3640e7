def main():
    global on_save
    print("building")
    handlers = {"save": on_save}


    def on_save():
        return "saved"


    print(handlers["save"]())


if __name__ == "__main__":
    main()
