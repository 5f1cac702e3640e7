import os


class Config:
    debug = False


SETTINGS = {"mode": "dev"}
Config.debug = True
SETTINGS["mode"] = "prod"
os.environ["MG_FIXTURE_FLAG"] = "on"


def main():
    print(Config.debug, SETTINGS["mode"], os.environ["MG_FIXTURE_FLAG"])


if __name__ == "__main__":
    main()
