settings = dict(zip(["host", "port"], ["localhost", 8080]))


class Server:
    host = settings["host"]
    port = settings["port"]

    def address(self):
        return "%s:%d" % (self.host, self.port)


def main():
    print(Server().address())


if __name__ == "__main__":
    main()
