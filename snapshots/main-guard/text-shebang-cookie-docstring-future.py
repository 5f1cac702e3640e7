#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Tool docstring stays first."""
from __future__ import annotations

import sys


def main():
    print("ünïcode", file=sys.stdout)


if __name__ == "__main__":
    main()
