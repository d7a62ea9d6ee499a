"""Stylesheets and images of the demo publishers: enough to make pages look like three sites."""

from __future__ import annotations

from broadsheet.demo.publishers import Publisher

_CSS = {
    "ledger": """body{font-family:Georgia,serif;margin:0;color:#222;background:#fbf8f1}
.masthead{border-bottom:3px double #222;text-align:center;padding:1rem}
.brand a{font-size:2.4rem;color:#111;text-decoration:none;font-weight:bold}
.primary-nav ul{list-style:none;display:flex;gap:1rem;justify-content:center;padding:0}
.layout{display:grid;grid-template-columns:minmax(0,3fr) 1fr;gap:2rem;max-width:70rem;margin:auto}
.breadcrumb ol{list-style:none;display:flex;gap:.5rem;padding:0;grid-column:1/-1}
.headline{font-size:2.2rem}.share-bar a{margin-right:.5rem}
.ad-slot{background:#eee;text-align:center;font:11px sans-serif;color:#888}
.cookie-banner{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:1rem}
.read-more{border-left:3px solid #b00;padding-left:.5rem}.credit{font-size:.75rem;color:#777}
""",
    "courier": """body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#1a1a1a}
.site-header{background:#c8102e;color:#fff;display:flex;gap:2rem;padding:.6rem 1rem}
.site-header a{color:#fff}.logo{font-weight:900;font-size:1.6rem}
.page{max-width:46rem;margin:auto;padding:1rem}.crumbs{display:flex;gap:1rem;list-style:none}
.social-share{display:flex;gap:1rem;list-style:none;padding:0}.hero{width:100%}
.also-read,.live-events-widget{border:1px solid #ddd;padding:.5rem;margin:1rem 0}
.story-continues{font-size:.7rem;text-align:center;color:#999}
.consent-overlay{position:fixed;inset:0;background:rgba(0,0,0,.6)}
.consent-box{background:#fff;max-width:30rem;margin:20vh auto;padding:1rem}
.credit{font-size:.7rem;color:#666}
""",
    "globe": """body{font-family:'Trebuchet MS',sans-serif;margin:0;background:#fff}
.container{max-width:72rem;margin:auto;padding:0 1rem}.row{display:flex;gap:2rem}
.col-main{flex:3}.col-side{flex:1}#top{background:#0b3d91}.menu{display:flex;list-style:none;gap:1rem}
.menu a{color:#fff}.native_story_title{font-size:2rem;color:#0b3d91}
.ad-container{text-align:center;font-size:10px;color:#aaa;background:#f4f4f4}
.gdpr-bar{background:#ffd;padding:.5rem;font-size:.8rem}.credit{font-size:.7rem;color:#666}
""",
    "herald": """body{font-family:'Palatino Linotype',Palatino,serif;margin:0;background:#f3f7f7}
.banner{background:#14555a;color:#fff;padding:1rem;display:flex;gap:2rem;align-items:baseline}
.banner a{color:#fff}.wordmark{font-size:1.8rem;font-variant:small-caps}
main{display:grid;grid-template-columns:minmax(0,3fr) 1fr;gap:2rem;max-width:68rem;margin:auto}
.kicker{text-transform:uppercase;letter-spacing:.1em}.lead{width:100%}
.sponsor{text-align:center;color:#999}.inline-link{font-style:italic}
.consent{background:#fffbe6;padding:.5rem}.credit{font-size:.7rem;color:#666}
""",
}

_COLOURS = {"ledger": "#7a5c3e", "courier": "#c8102e", "globe": "#0b3d91", "herald": "#14555a"}


def stylesheet(publisher: Publisher) -> bytes:
    return _CSS[publisher.style].encode()


def lead_image(publisher: Publisher, section: str) -> bytes:
    """A placeholder picture in the publisher's colour, labelled with the section.

    The label sits in the middle: readers' apps crop a lead picture to their own frame (the
    front page's top story shows a tall slice of it), and a corner label was cut off there."""
    colour = _COLOURS[publisher.style]
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450"
 viewBox="0 0 800 450">
<rect width="800" height="450" fill="{colour}"/><circle cx="620" cy="140" r="70" fill="#ffffff44"/>
<path d="M0 380 L220 230 L400 330 L560 250 L800 400 V450 H0Z" fill="#00000033"/>
<text x="400" y="215" text-anchor="middle" font-family="sans-serif" font-size="40"
 fill="#fff">{section}</text>
</svg>""".encode()


def logo(publisher: Publisher) -> bytes:
    colour = _COLOURS[publisher.style]
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="320" height="48" viewBox="0 0 320 48">
<text x="0" y="36" font-family="serif" font-size="32" fill="{colour}">{publisher.name}</text>
</svg>""".encode()
