"""Checks the tikbill RouterOS emulator against librouteros, a client we did not write.

Usage: python librouteros_check.py HOST PORT USER PASSWORD [legacy]
With `legacy`, logs in with librouteros's pre-6.43 MD5 challenge method. Logs in, adds a hotspot user, prints it, removes it and prints again; exits non-zero on any
mismatch. Run by the Rust test `librouteros::python_client_agrees`.
"""

import sys


def fail(message: str) -> None:
    print(f"librouteros check failed: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    try:
        from librouteros import connect
        from librouteros.login import plain, token
        from librouteros.exceptions import TrapError
    except ImportError as error:
        print(f"librouteros is not installed: {error}", file=sys.stderr)
        sys.exit(3)

    login_method = token if sys.argv[5:] == ["legacy"] else plain
    api = connect(
        host=host,
        username=user,
        password=password,
        port=port,
        timeout=5,
        login_method=login_method,
    )
    users = api.path("ip", "hotspot", "user")

    new_id = users.add(name="py-user", password="py-pass", comment="from librouteros")
    if not new_id.startswith("*"):
        fail(f"add returned {new_id!r}, expected an id like *1")

    rows = [row for row in users if row.get("name") == "py-user"]
    if len(rows) != 1:
        fail(f"expected one py-user after add, found {rows!r}")
    row = rows[0]
    if row.get(".id") != new_id:
        fail(f"printed .id {row.get('.id')!r} differs from add's ret {new_id!r}")
    if row.get("comment") != "from librouteros":
        fail(f"comment came back as {row.get('comment')!r}")
    if row.get("disabled") is not False:
        fail(f"disabled should parse as False, got {row.get('disabled')!r}")

    try:
        users.add(name="py-user", password="again")
        fail("a duplicate add was accepted")
    except TrapError as error:
        if "already have user with this name" not in str(error):
            fail(f"duplicate add trapped with {error!r}")

    users.remove(new_id)
    left = [row for row in users if row.get("name") == "py-user"]
    if left:
        fail(f"py-user still there after remove: {left!r}")

    api.close()
    print("librouteros check passed")


if __name__ == "__main__":
    main()
