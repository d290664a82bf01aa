#!/usr/bin/env python3
"""Reads an exported mailsim mail store with Python's mailbox module and prints a summary.

Usage: read_mailboxes.py maildir|mbox USERDIR
One line per message, folders sorted, messages in file order (mbox) or by name (Maildir):
    <folder> | <subject> | <flags> | <first body line>
Flags are the module's own letters (Maildir: get_flags(); mbox: get_flags()).
"""
import mailbox
import os
import sys


def first_body_line(msg):
    payload = msg.get_payload()
    if isinstance(payload, list):
        return "<multipart>"
    return payload.split("\n", 1)[0]


def main():
    kind, root = sys.argv[1], sys.argv[2]
    lines = []
    if kind == "maildir":
        md = mailbox.Maildir(root, factory=None, create=False)
        folders = [("INBOX", md)] + [(name, md.get_folder(name)) for name in sorted(md.list_folders())]
        for name, box in folders:
            for key in sorted(box.keys(), key=lambda k: int(k.split(".")[1][1:].split("V")[0])):
                msg = box[key]
                lines.append(f"{name} | {msg['Subject']} | {msg.get_flags()} | {first_body_line(msg)}")
    else:
        for name in sorted(os.listdir(root)):
            box = mailbox.mbox(os.path.join(root, name), create=False)
            for msg in box:
                lines.append(f"{name} | {msg['Subject']} | {''.join(sorted(msg.get_flags()))} | {first_body_line(msg)}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
