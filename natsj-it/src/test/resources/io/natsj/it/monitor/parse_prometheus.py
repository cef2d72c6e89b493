"""Parses a Prometheus text-format exposition (file in argv[1]) with the reference Python client's
parser and prints its families as JSON: {name: {"type", "help", "samples": [[name, labels, value]]}}.
A malformed exposition makes the parser raise, and this script exit non-zero."""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families

with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
families = {}
for fam in text_string_to_metric_families(text):
    if fam.name in families:
        raise ValueError("family %s appears twice" % fam.name)
    families[fam.name] = {
        "type": fam.type,
        "help": fam.documentation,
        "samples": [[s.name, s.labels, None if math.isnan(s.value) else s.value] for s in fam.samples],
    }
json.dump(families, sys.stdout)
