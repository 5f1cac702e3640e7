import json

Payload = type("Payload", (dict,), {})


def parse(text: str) -> Payload:
    return Payload(json.loads(text))


def main():
    print(type(parse('{"a": 1}')).__name__)


if __name__ == "__main__":
    main()
