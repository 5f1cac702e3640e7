def register():
    print("registered")


def main():
    global register
    register()
    del(register)
    print("register" in globals())


if __name__ == "__main__":
    main()
