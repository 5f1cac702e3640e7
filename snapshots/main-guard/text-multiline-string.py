import textwrap


def main():
    print("""
  Mainguard
    keeps this text
exactly as it was
""")
    message = textwrap.dedent("""\
    indented
      block
    """)
    print(message, end="")


if __name__ == "__main__":
    main()
