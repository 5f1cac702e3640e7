# -*- coding: utf-8 -*-
import sys


def main():
    print("bom kept: été", file=sys.stdout)


if __name__ == "__main__":
    main()
