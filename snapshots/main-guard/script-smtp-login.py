import smtplib


def main():
    server = smtplib.SMTP("127.0.0.1", 1, timeout=1)
    server.login("user", "secret")
    server.sendmail("a@example.com", "b@example.com", "hello")


if __name__ == "__main__":
    main()
