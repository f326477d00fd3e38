"""Messages kept in the store: a verdict's problems are saved as {"msgid", "params"} so the
board shows them in whatever language the user reads today, not the one of the import."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from desktop.i18n import Message
from desktop.i18n.formatting import Formatted


def _param_to_json(value: Any) -> Any:
    if isinstance(value, Message):
        return {"$message": message_to_json(value)}
    if isinstance(value, Formatted):
        return {"$formatted": _param_to_json(value.value)}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return dict(value)  # a {"vi", "en"} text
    return str(value)


def _param_from_json(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$message"}:
        return message_from_json(value["$message"])
    if isinstance(value, dict) and set(value) == {"$formatted"}:
        return Formatted(_param_from_json(value["$formatted"]))
    return value


def message_to_json(message: Message) -> dict[str, Any]:
    return {"msgid": message.msgid, "params": {k: _param_to_json(v) for k, v in message.params.items()}}


def message_from_json(data: Any) -> Message:
    if not isinstance(data, dict) or not isinstance(data.get("msgid"), str):
        return Message(str(data).replace("{", "{{").replace("}", "}}"))
    params = data.get("params")
    params = params if isinstance(params, dict) else {}
    return Message(data["msgid"], **{k: _param_from_json(v) for k, v in params.items()})


def messages_to_json(messages: Iterable[Message]) -> list[dict[str, Any]]:
    return [message_to_json(m) for m in messages]


def messages_from_json(data: Any) -> list[Message]:
    return [message_from_json(item) for item in data] if isinstance(data, list) else []
