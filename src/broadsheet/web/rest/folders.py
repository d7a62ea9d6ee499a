"""The caller's folders (Google Reader labels, Fever groups)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from broadsheet.store import Store
from broadsheet.store.users import Folder, User
from broadsheet.web.rest.auth import current_user
from broadsheet.web.rest.problems import ApiProblem, problem_responses
from broadsheet.web.rest.schemas import FolderIn, FolderOut
from broadsheet.web.services import services

router = APIRouter(tags=["folders"], responses=problem_responses(401, 422))


def owned_folder(store: Store, user: User, folder_id: int) -> Folder:
    found = next((f for f in store.list_folders(user.id) if f.id == folder_id), None)
    if found is None:
        raise ApiProblem(404, f"you have no folder {folder_id}", "no-such-folder")
    return found


@router.get("/folders", response_model=list[FolderOut])
def list_folders(request: Request, user: User = Depends(current_user)) -> list[FolderOut]:
    return [FolderOut(id=f.id, name=f.name) for f in services(request).store.list_folders(user.id)]


@router.post("/folders", response_model=FolderOut, status_code=201)
def create_folder(
    body: FolderIn, request: Request, user: User = Depends(current_user)
) -> FolderOut:
    folder = services(request).store.folder_for(user.id, body.name.strip() or body.name)
    return FolderOut(id=folder.id, name=folder.name)


@router.patch(
    "/folders/{folder_id}", response_model=FolderOut, responses=problem_responses(404, 409)
)
def rename_folder(
    folder_id: int, body: FolderIn, request: Request, user: User = Depends(current_user)
) -> FolderOut:
    store = services(request).store
    owned_folder(store, user, folder_id)
    clash = next((f for f in store.list_folders(user.id) if f.name == body.name), None)
    if clash is not None and clash.id != folder_id:
        raise ApiProblem(409, f"you already have a folder named {body.name!r}", "folder-exists")
    store.rename_folder(user.id, folder_id, body.name)
    return FolderOut(id=folder_id, name=body.name)


@router.delete(
    "/folders/{folder_id}",
    status_code=204,
    response_class=Response,
    responses=problem_responses(404),
)
def delete_folder(folder_id: int, request: Request, user: User = Depends(current_user)) -> Response:
    """Its feeds stay followed, unfiled."""
    if not services(request).store.delete_folder(user.id, folder_id):
        raise ApiProblem(404, f"you have no folder {folder_id}", "no-such-folder")
    return Response(status_code=204)
