"""Plain helpers (older extensions kept these next to main.py)."""

from urllib.parse import urlparse


def normalise_url(url):
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    parsed = urlparse(url)
    if not parsed.netloc or "." not in parsed.netloc:
        return None
    return url.rstrip("/")


def to_dict(doc):
    return {
        "id": doc.id,
        "url": doc.data["url"],
        "title": doc.data.get("title", ""),
        "tags": doc.data.get("tags", []),
        "visits": doc.data.get("visits", 0),
    }
