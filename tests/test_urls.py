from broadsheet.urls import canonical_url, same_site


def test_tracking_parameters_and_fragments_are_dropped() -> None:
    assert (
        canonical_url("HTTPS://News.Example.com:443/a/b?utm_source=x&id=7&fbclid=z#comments")
        == "https://news.example.com/a/b?id=7"
    )
    assert canonical_url("http://example.com") == "http://example.com/"
    assert canonical_url("http://example.com:8080/x") == "http://example.com:8080/x"


def test_same_site() -> None:
    assert same_site("https://www.example.com/a", "https://example.com/b")
    assert same_site("https://m.example.com/a", "https://example.com/b")
    assert not same_site("https://evil.com/a", "https://example.com/b")
