import sys

try:
    import json
except ImportError:
    print("json is missing", file=sys.stderr)
    sys.exit(1)


def main():
    print(json.dumps({"ok": True}))


if __name__ == "__main__":
    main()
