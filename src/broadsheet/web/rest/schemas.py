"""The REST API's request and response bodies (what the OpenAPI schema publishes)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["all", "unread", "read"]


class UserOut(BaseModel):
    id: int
    name: str
    is_admin: bool


class LabelIn(BaseModel):
    label: str = Field("", max_length=200)


class TokenOut(BaseModel):
    id: int
    label: str
    created_at: datetime


class TokenCreated(TokenOut):
    token: str = Field(description="Shown once; send it as `Authorization: Bearer <token>`.")


class AppPasswordOut(BaseModel):
    id: int
    label: str
    created_at: datetime
    last_used_at: datetime | None


class AppPasswordCreated(AppPasswordOut):
    password: str = Field(
        description="Shown once. Google Reader clients log in with the account name and this;"
        " Fever clients with the same pair (their api_key is md5('name:password'))."
    )


class FeedIn(BaseModel):
    url: str = Field(min_length=1, max_length=2048)
    folder: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=500)


class FeedPatch(BaseModel):
    title: str | None = Field(None, max_length=500)
    folder: str | None = Field(
        None, max_length=200, description="Move to this folder; an empty string unfiles it."
    )


class FeedOut(BaseModel):
    id: int
    url: str
    title: str
    site_url: str | None
    folder_id: int | None
    folder: str | None
    unread_count: int
    last_fetched_at: datetime | None
    last_error: str | None
    error_count: int


class EntryError(BaseModel):
    guid: str
    error: str


class FeedErrors(BaseModel):
    feed_id: int
    last_error: str | None
    error_count: int
    last_fetched_at: datetime | None
    next_check_at: datetime | None
    entries: list[EntryError]


class RefreshOut(BaseModel):
    feed_id: int
    new_articles: int
    already_known: int
    not_modified: bool
    error: str | None
    entry_errors: list[str]


class DiscoverIn(BaseModel):
    url: str = Field(min_length=1, max_length=2048)


class Candidate(BaseModel):
    url: str
    title: str


class FolderIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class FolderOut(BaseModel):
    id: int
    name: str


class ArticleOut(BaseModel):
    id: int
    url: str
    title: str
    publisher: str | None
    author: str | None
    published: datetime | None
    language: str | None
    image: str | None
    summary: str
    feed_id: int | None
    story_id: int | None
    read: bool
    starred: bool


class ArticleFull(ArticleOut):
    text: str
    html: str
    credit: str | None


class ArticlePage(BaseModel):
    items: list[ArticleOut]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` to get the next page; absent on the last page."
    )


class StatePatch(BaseModel):
    read: bool | None = None
    starred: bool | None = None


class BulkState(StatePatch):
    ids: list[int] = Field(min_length=1, max_length=1000)


class MarkReadIn(BaseModel):
    feed_id: int | None = None
    folder_id: int | None = None
    before: datetime | None = Field(
        None, description="Only articles published at or before this time."
    )


class Count(BaseModel):
    count: int


class ImportOut(BaseModel):
    added: int
    already_subscribed: int
