import logging

from mylib.registry import Registry

log = logging.getLogger(__name__)
app = Registry("demo")


@app.route("/")
def index():
    return "hello"


def main():
    log.info("serving %d routes", len(app.routes))
    app.run()


main()
