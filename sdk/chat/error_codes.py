"""`imperal_sdk.chat.error_codes`: the error taxonomy (contract section 3.1).

Each code is a module constant whose value equals its name. `ERROR_TAXONOMY` maps a code to its
i18n key and English/Russian defaults. Retryability is not a property of a code; it lives only in
`ActionResult.retryable`.
"""

from __future__ import annotations

import re

VALIDATION_MISSING_FIELD = "VALIDATION_MISSING_FIELD"
VALIDATION_TYPE_ERROR = "VALIDATION_TYPE_ERROR"
FABRICATED_ID_SHAPE = "FABRICATED_ID_SHAPE"
UNKNOWN_TOOL = "UNKNOWN_TOOL"
UNKNOWN_SUB_FUNCTION = "UNKNOWN_SUB_FUNCTION"
PERMISSION_DENIED = "PERMISSION_DENIED"
BACKEND_TIMEOUT = "BACKEND_TIMEOUT"
BACKEND_5XX = "BACKEND_5XX"
RATE_LIMITED = "RATE_LIMITED"
INTERNAL = "INTERNAL"
EXT_UNSTRUCTURED_ERROR = "EXT_UNSTRUCTURED_ERROR"


def _entry(key: str, en: str, ru: str) -> dict[str, str]:
    return {"user_hint_i18n_key": key, "default_en": en, "default_ru": ru}


ERROR_TAXONOMY: dict[str, dict[str, str]] = {
    VALIDATION_MISSING_FIELD: _entry(
        "errors.validation.missing_field",
        "A required field is missing: {fields}",
        "Не заполнено обязательное поле: {fields}",
    ),
    VALIDATION_TYPE_ERROR: _entry(
        "errors.validation.type_error",
        "Invalid value type for field: {field}",
        "Неверный тип значения в поле: {field}",
    ),
    FABRICATED_ID_SHAPE: _entry(
        "errors.validation.fabricated_id_shape",
        "The supplied id matches a known fabrication pattern; call inbox()/search()/folder() "
        "first to obtain a real id",
        "Переданный идентификатор похож на выдуманный; сначала вызовите inbox()/search()/"
        "folder(), чтобы получить настоящий id",
    ),
    UNKNOWN_TOOL: _entry(
        "errors.dispatch.unknown_tool",
        "Tool not available: {app_tool}",
        "Инструмент недоступен: {app_tool}",
    ),
    UNKNOWN_SUB_FUNCTION: _entry(
        "errors.dispatch.unknown_sub_function",
        "Sub-function not available: {name}",
        "Функция недоступна: {name}",
    ),
    PERMISSION_DENIED: _entry(
        "errors.auth.permission_denied",
        "Permission denied for this action",
        "Недостаточно прав для этого действия",
    ),
    BACKEND_TIMEOUT: _entry(
        "errors.backend.timeout",
        "The backend service timed out; please retry",
        "Сервис не ответил вовремя; повторите попытку",
    ),
    BACKEND_5XX: _entry(
        "errors.backend.5xx",
        "The backend service returned an error; please retry",
        "Сервис вернул ошибку; повторите попытку",
    ),
    RATE_LIMITED: _entry(
        "errors.rate_limited",
        "Too many requests; please slow down",
        "Слишком много запросов; подождите немного",
    ),
    INTERNAL: _entry(
        "errors.internal",
        "An internal error occurred",
        "Произошла внутренняя ошибка",
    ),
    EXT_UNSTRUCTURED_ERROR: _entry(
        "errors.ext.unstructured",
        "The app reported an error without a structured code",
        "Приложение сообщило об ошибке без структурированного кода",
    ),
}

APP_CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{2,63}$")


def is_valid_code(code: object) -> bool:
    """A taxonomy code, or an app-defined code of the shape `^[A-Z][A-Z0-9_]{2,63}$`."""
    return isinstance(code, str) and (code in ERROR_TAXONOMY or bool(APP_CODE_RE.fullmatch(code)))


def user_hint(code: str, lang: str = "en", **params: object) -> str:
    """The default user-facing text of a taxonomy code, formatted with `params` when possible."""
    entry = ERROR_TAXONOMY.get(code) or ERROR_TAXONOMY[INTERNAL]
    text = entry["default_ru"] if str(lang).lower().startswith("ru") else entry["default_en"]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


__all__ = [
    "BACKEND_5XX",
    "BACKEND_TIMEOUT",
    "ERROR_TAXONOMY",
    "EXT_UNSTRUCTURED_ERROR",
    "FABRICATED_ID_SHAPE",
    "INTERNAL",
    "PERMISSION_DENIED",
    "RATE_LIMITED",
    "UNKNOWN_SUB_FUNCTION",
    "UNKNOWN_TOOL",
    "VALIDATION_MISSING_FIELD",
    "VALIDATION_TYPE_ERROR",
]
