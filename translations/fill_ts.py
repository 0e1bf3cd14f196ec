#!/usr/bin/env python3
"""Fills eos_console_de.ts from de_strings.py and the English plural forms of eos_console_en.ts.

Run after `ninja update_translations` (lupdate); prints every source text that has no translation yet,
so nothing is left unfinished silently. Usage: translations/fill_ts.py
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from de_strings import DE  # noqa: E402


def english_plural(src):
    one = re.sub(r'(\w+)\((s|es)\)', r'\1', src)
    many = re.sub(r'(\w+)\((s|es)\)', r'\1\2', src)
    return [one, many]


def fill(path, lookup, only_numerus=False):
    tree = ET.parse(path)
    missing = []
    for ctx in tree.getroot().findall('context'):
        for msg in ctx.findall('message'):
            numerus = msg.get('numerus') == 'yes'
            if only_numerus and not numerus:
                continue
            src = msg.find('source').text or ''
            tr = msg.find('translation')
            value = lookup(src, numerus)
            if value is None:
                missing.append(src)
                continue
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            if numerus:
                if not isinstance(value, list):
                    missing.append(src)
                    continue
                for form in value:
                    ET.SubElement(tr, 'numerusform').text = form
            else:
                tr.text = value
            tr.attrib.pop('type', None)
    tree.write(path, encoding='utf-8', xml_declaration=True)
    # keep the DOCTYPE lupdate writes
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if '<!DOCTYPE TS>' not in text:
        text = text.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
    return missing


missing = fill(os.path.join(HERE, 'eos_console_de.ts'), lambda s, n: DE.get(s))
missing_en = fill(os.path.join(HERE, 'eos_console_en.ts'), lambda s, n: english_plural(s), only_numerus=True)
for m in missing:
    print('de: no translation for', repr(m))
sys.exit(1 if missing or missing_en else 0)
