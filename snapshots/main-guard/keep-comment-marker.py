import logging
import random

random.seed(1234)  # mainguard: keep
logging.basicConfig(  # mainguard: keep
    level=logging.WARNING,
    format="%(message)s",
)


def main():
    print(random.randint(1, 100))
    logging.warning("done")


if __name__ == "__main__":
    main()
