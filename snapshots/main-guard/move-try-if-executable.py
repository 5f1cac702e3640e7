import sys


def main():
    try:
        import json
        payload = json.dumps([1, 2])
    except ImportError:
        payload = "[]"

    if len(sys.argv) > 0:
        print("payload", payload)


if __name__ == "__main__":
    main()
