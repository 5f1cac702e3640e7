import socket


def main():
    connection = socket.socket()
    connection.settimeout(1)
    connection.connect(("127.0.0.1", 1))


if __name__ == "__main__":
    main()
