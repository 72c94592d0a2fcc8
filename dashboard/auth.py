"""Who is using the app: sign-in through Streamlit's built-in OpenID Connect support.

Sign-in is off unless INCLUSIVEHR_SIGN_IN is "on" (a single-user laptop install needs none; a
shared server must switch it on). When it is on, the identity comes only from `st.user`, which
Streamlit fills from its signed identity cookie after `st.login()`; with `[auth]` missing from
`.streamlit/secrets.toml` nobody can sign in, so the app stays closed rather than open. Tests
give a fake identity through AppTest's own `at.user`, the same road a real sign-in takes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

from dashboard.markup import md

ANYONE = "anyone (sign-in off)"  # who made a change, in the audit trail, when nobody signs in


@dataclass(frozen=True)
class User:
    email: str  # casefolded, as roles are granted
    name: str

    @property
    def is_admin(self) -> bool:
        return self.email in admins()


def sign_in_on() -> bool:
    """INCLUSIVEHR_SIGN_IN: "on" (or true/yes/1) for a shared server; anything else is off."""
    return os.environ.get("INCLUSIVEHR_SIGN_IN", "").strip().lower() in ("on", "true", "yes", "1")


def admins() -> frozenset[str]:
    """INCLUSIVEHR_ADMINS: comma-separated e-mail addresses of those who create workspaces and
    grant roles (only when sign-in is on)."""
    text = os.environ.get("INCLUSIVEHR_ADMINS", "")
    return frozenset(e.strip().casefold() for e in text.split(",") if e.strip())


def current_user() -> User | None:
    """The signed-in person, or None (nobody signed in, or sign-in off)."""
    if not sign_in_on():
        return None
    info = st.user
    if not info.get("is_logged_in"):
        return None
    email = str(info.get("email") or "").strip().casefold()
    if not email:
        return None  # roles are granted by e-mail: an identity without one holds none
    return User(email=email, name=str(info.get("name") or email))


def who() -> str:
    """The name the audit trail records for the person making a change."""
    user = current_user()
    return user.email if user else ANYONE


def sign_in_configured() -> bool:
    """Whether `.streamlit/secrets.toml` has the `[auth]` block that st.login needs."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, OSError, ValueError):
        return False


def sign_in_page() -> None:
    """All a visitor sees while sign-in is on and they have not signed in: no data, no names."""
    st.title("InclusiveHR workforce equality")
    st.write("Please sign in to see your organisation's workspaces.")
    if sign_in_configured():
        st.button("Sign in", key="sign_in", type="primary", on_click=st.login)
    else:
        st.error("Sign-in is switched on but not set up yet, so nobody can sign in.")
        with st.expander("For the person who runs this server"):
            st.text("Add the [auth] block to .streamlit/secrets.toml (see "
                    ".streamlit/secrets.toml.example), or switch INCLUSIVEHR_SIGN_IN off for a "
                    "single-user install.")  # fmt: skip
    if st.user.get("is_logged_in") and not st.user.get("email"):
        st.warning("Your sign-in did not give an e-mail address, and roles are given by e-mail "
                   "address. Ask the person who runs this server to request the email scope.")  # fmt: skip
        st.button("Sign out", key="sign_out_no_email", on_click=st.logout)


def who_box() -> None:
    """In the sidebar: who is signed in (with a way out), or that sign-in is off."""
    user = current_user()
    if user is None:
        st.sidebar.caption(SHARED_WARNING)
        return
    role = " (administrator)" if user.is_admin else ""
    st.sidebar.caption(f"Signed in as {md(user.email)}{role}")
    st.sidebar.button("Sign out", key="sign_out", on_click=st.logout)


SHARED_WARNING = (
    "Sign-in is off: everyone who can reach this app shares every workspace, and can see, "
    "change and download all of them."
)
