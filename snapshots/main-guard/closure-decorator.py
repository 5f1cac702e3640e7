class Registry:
    def __init__(self):
        self.handlers = {}

    def route(self, url):
        def register(func):
            self.handlers[url] = func
            return func
        return register


app = Registry()


@app.route("/")
def index():
    return "index page"


@app.route("/about")
def about():
    return "about page"


def main():
    for path in sorted(app.handlers):
        print(path, app.handlers[path]())


if __name__ == "__main__":
    main()
