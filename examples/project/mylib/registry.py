"""A library module: definitions only, nothing to do."""


class Registry:
    def __init__(self, name):
        self.name = name
        self.routes = {}

    def route(self, path):
        def register(func):
            self.routes[path] = func
            return func

        return register

    def run(self):
        for path, func in sorted(self.routes.items()):
            print(path, func())
