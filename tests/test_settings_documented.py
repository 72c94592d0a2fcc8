"""Every environment setting the code reads is documented in the README."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_in_the_readme():
    code = "\n".join(
        p.read_text() for d in ("metrics", "dashboard") for p in (ROOT / d).rglob("*.py")
    )
    settings = set(re.findall(r"INCLUSIVEHR_[A-Z_]+", code))
    assert settings, "the code reads at least the database and size-cap settings"
    readme = (ROOT / "README.md").read_text()
    missing = sorted(s for s in settings if s not in readme)
    assert not missing, f"document these settings in README.md: {missing}"
