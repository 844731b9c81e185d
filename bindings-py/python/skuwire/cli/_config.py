"""Credentials and endpoints: environment variables or an INI config file;
an in-process sandbox only when asked for (``--sandbox``, or
``sandbox = in-process`` for a platform). With nothing configured the
command stops (exit 2) and names what to set: it never pretends to push.

Precedence for each setting of a platform (``sid``, ``appkey``,
``appsecret``, ``token``, ``base_url``, ``update_options``):

1. ``SKUWIRE_<PLATFORM>_<SETTING>`` (``SKUWIRE_FLAGSHIP_APPSECRET``…);
2. ``SKUWIRE_<SETTING>`` when ``SKUWIRE_PLATFORM`` names that platform
   (the one-platform shorthand);
3. section ``[<platform>]`` of the config file (``--config FILE``, else
   ``$SKUWIRE_CONFIG``).

The setting names are the constructor parameters of the library's
clients (plus ``sandbox``); which ones a platform needs, and every default
(the production URL), is the library's business: the names a missing
configuration asks for are read from the client's signature, and a missing
setting surfaces as the library's own error.
"""

from __future__ import annotations

import configparser
import inspect
import json
import os
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, TextIO

import skuwire

from ._text import UsageError, t

PLATFORMS = skuwire.PLATFORMS
SETTINGS = ("sid", "appkey", "appsecret", "token", "base_url", "update_options", "sandbox")
#: Values of ``sandbox`` that ask for the in-process sandbox, and that do not.
SANDBOX_ON = ("in-process", "yes", "true", "on", "1")
SANDBOX_OFF = ("no", "false", "off", "0", "")
#: Each platform's client class.
CLIENTS = {"flagship": skuwire.Flagship, "enterprise": skuwire.Enterprise, "ymcart": skuwire.Ymcart}
#: Settings whose values are never printed.
SECRET_SETTINGS = ("appsecret", "token")


@dataclass
class Endpoint:
    """A configured client for one platform."""

    platform: str
    client: skuwire.Client
    #: Where requests go and as whom, without secrets: part of the journal key,
    #: so that pushing the same file to another account pushes it again.
    target: str
    #: Secret values, for redacting anything printed.
    secrets: List[str] = field(default_factory=list)
    #: True when this is the in-process sandbox started for lack of configuration.
    sandbox: bool = False


class Settings:
    """Everything the environment and the config file say."""

    def __init__(self, config_path: Optional[str], environ: Mapping[str, str]) -> None:
        self.environ = environ
        self.path = config_path or environ.get("SKUWIRE_CONFIG") or None
        self.file: Dict[str, Dict[str, str]] = {}
        if self.path:
            self.file = _read_ini(self.path)
        shorthand = environ.get("SKUWIRE_PLATFORM", "").strip().lower() or None
        generic = [s for s in SETTINGS if environ.get("SKUWIRE_" + s.upper())]
        if shorthand is not None and shorthand not in PLATFORMS:
            raise UsageError("SKUWIRE_PLATFORM=%s: expected one of %s" % (shorthand, ", ".join(PLATFORMS)),
                             "SKUWIRE_PLATFORM=%s：应为 %s 之一" % (shorthand, "、".join(PLATFORMS)))
        if generic and shorthand is None:
            names = ", ".join("SKUWIRE_" + s.upper() for s in generic)
            raise UsageError(
                "%s set without SKUWIRE_PLATFORM: say which platform they are for (or use SKUWIRE_FLAGSHIP_SID…)" % names,
                "设置了%s但没有设置SKUWIRE_PLATFORM：请说明它们属于哪个平台（或使用SKUWIRE_FLAGSHIP_SID等）" % names,
            )
        self.shorthand = shorthand

    def values(self, platform: str) -> Dict[str, str]:
        out: Dict[str, str] = {}
        section = self.file.get(platform, {})
        for s in SETTINGS:
            v = self.environ.get("SKUWIRE_%s_%s" % (platform.upper(), s.upper()))
            if not v and self.shorthand == platform:
                v = self.environ.get("SKUWIRE_" + s.upper())
            if not v:
                v = section.get(s)
            if v:
                out[s] = v
        return out


def _read_ini(path: str) -> Dict[str, Dict[str, str]]:
    # No interpolation: a secret may contain "%".
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(path, encoding="utf-8") as f:
            parser.read_file(f)
    except OSError as e:
        raise UsageError("cannot read config %s: %s" % (path, e.strerror or e), "无法读取配置文件%s：%s" % (path, e.strerror or e))
    except configparser.Error as e:
        raise UsageError("config %s is not a valid INI file: %s" % (path, e), "配置文件%s不是合法的INI文件：%s" % (path, e))
    out: Dict[str, Dict[str, str]] = {}
    for name in parser.sections():
        if name not in PLATFORMS:
            raise UsageError("config %s: unknown section [%s] (expected %s)" % (path, name, ", ".join(PLATFORMS)),
                             "配置文件%s：未知的节[%s]（应为 %s）" % (path, name, "、".join(PLATFORMS)))
        sec = dict(parser.items(name))
        unknown = sorted(set(sec) - set(SETTINGS))
        if unknown:
            raise UsageError("config %s: unknown setting(s) %s in [%s]" % (path, ", ".join(unknown), name),
                             "配置文件%s：[%s]中有未知设置 %s" % (path, name, "、".join(unknown)))
        out[name] = sec
    return out


class Endpoints:
    """Clients per platform, built on first use; one in-process sandbox is
    shared by every platform that has no configuration."""

    def __init__(self, settings: Settings, lang: str, stderr: TextIO = sys.stderr, sandbox: bool = False) -> None:
        self.settings = settings
        self.lang = lang
        self.stderr = stderr
        #: ``--sandbox``: every platform talks to the in-process sandbox.
        self.force_sandbox = sandbox
        self._cache: Dict[str, Endpoint] = {}
        self._sandbox: Any = None
        self._announced: set = set()
        #: Called with each endpoint built (the log redacts its secrets too).
        self.on_endpoint: Optional[Callable[[Endpoint], None]] = None

    def get(self, platform: str) -> Endpoint:
        if platform not in self._cache:
            values = self.settings.values(platform)
            asked = _sandbox_asked(platform, values.pop("sandbox", None))
            if self.force_sandbox or asked:
                if asked and values:
                    given = ", ".join(sorted(values))
                    raise UsageError(
                        "%s: both sandbox = in-process and credentials (%s) are configured: keep one" % (platform, given),
                        "%s：同时配置了 sandbox = in-process 和凭据（%s）：请只保留一种" % (platform, given))
                self._cache[platform] = self._local_sandbox(platform, "--sandbox" if self.force_sandbox else "sandbox = in-process")
            elif values:
                self._cache[platform] = self._configured(platform, values)
            else:
                raise self._not_configured(platform)
            if self.on_endpoint is not None:
                self.on_endpoint(self._cache[platform])
        return self._cache[platform]

    def _not_configured(self, platform: str) -> UsageError:
        """Nothing for ``platform``: say exactly what to set."""
        params = inspect.signature(CLIENTS[platform]).parameters.values()
        needed = [p.name for p in params if p.default is inspect.Parameter.empty]
        optional = [p.name for p in params if p.default is not inspect.Parameter.empty and p.name in SETTINGS]
        env = ", ".join("SKUWIRE_%s_%s" % (platform.upper(), n.upper()) for n in needed)
        env_opt = ", ".join("SKUWIRE_%s_%s" % (platform.upper(), n.upper()) for n in optional)
        path = self.settings.path
        where_en = ("the config file %s has no [%s] section" % (path, platform)) if path else "no config file is given (--config FILE or $SKUWIRE_CONFIG)"
        where_zh = ("配置文件%s中没有[%s]节" % (path, platform)) if path else "未指定配置文件（--config FILE 或 $SKUWIRE_CONFIG）"
        return UsageError(
            "nothing is configured for %s, so nothing was sent: set %s%s, or put %s in a [%s] section of the config file "
            "(%s); to try the command against an in-process sandbox instead, pass --sandbox"
            % (platform, env, (" (optional: %s)" % env_opt) if env_opt else "", ", ".join(needed), platform, where_en),
            "没有%s的配置，因此没有发送任何内容：请设置 %s%s，或在配置文件的[%s]节中写入 %s（%s）；"
            "如只想用进程内沙箱试用，请加 --sandbox"
            % (platform, env, ("（可选：%s）" % env_opt) if env_opt else "", platform, "、".join(needed), where_zh),
        )

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.stop()
            self._sandbox = None

    def _configured(self, platform: str, v: Dict[str, str]) -> Endpoint:
        kwargs: Dict[str, Any] = {}
        if "base_url" in v:
            kwargs["base_url"] = v["base_url"]
        try:
            client: skuwire.Client
            if platform == "ymcart":
                if "update_options" in v:
                    kwargs["update_options"] = json.loads(v["update_options"])
                client = skuwire.Ymcart(v.get("token", ""), **kwargs)
                account = ""
            else:
                cls = skuwire.Flagship if platform == "flagship" else skuwire.Enterprise
                client = cls(v.get("sid", ""), v.get("appkey", ""), v.get("appsecret", ""), **kwargs)
                account = v.get("sid", "") + "/" + v.get("appkey", "")
        except (skuwire.SkuwireError, TypeError, ValueError) as e:
            given = ", ".join(sorted(k for k in v))
            raise UsageError(
                "%s configuration (%s given): %s" % (platform, given, e),
                "%s配置（已设置 %s）：%s" % (platform, given, getattr(e, "msg_zh", "") or e),
            )
        return Endpoint(platform, client, ("%s %s %s" % (platform, client.base_url, account)).strip(), _secret_parts(v))

    def _local_sandbox(self, platform: str, why: str) -> Endpoint:
        try:
            from skuwire.sandbox import Credentials, Sandbox
        except ImportError:  # pragma: no cover - a wheel built without the sandbox
            raise UsageError(
                "%s: a sandbox was asked for, but this build has no sandbox" % platform,
                "%s：要求使用沙箱，但此版本未附带沙箱" % platform,
            )
        if self._sandbox is None:
            self._sandbox = Sandbox(db=":memory:", host="127.0.0.1", port=0).start()
        if platform not in self._announced:
            self._announced.add(platform)
            self.stderr.write(t(
                self.lang,
                "skuwire: %s: using an in-process sandbox at %s, as asked (%s); nothing goes to a real platform, "
                "and its data is gone when this command ends (`skuwire sandbox --db FILE` runs a lasting one).\n"
                % (platform, self._sandbox.url, why),
                "skuwire：%s：按要求（%s）使用进程内沙箱 %s；不会发送到真实平台，数据在命令结束时消失"
                "（`skuwire sandbox --db FILE`可启动持久的沙箱）。\n" % (platform, why, self._sandbox.url),
            ))
        sb = self._sandbox
        client: skuwire.Client
        if platform == "flagship":
            a = Credentials.DEFAULT_FLAGSHIP
            client = skuwire.Flagship(a["sid"], a["appkey"], a["appsecret"], base_url=sb.flagship_url)
        elif platform == "enterprise":
            a = Credentials.DEFAULT_ENTERPRISE
            client = skuwire.Enterprise(a["sid"], a["appkey"], a["appsecret"], base_url=sb.enterprise_url)
        else:
            client = skuwire.Ymcart(Credentials.DEFAULT_TOKEN, base_url=sb.ymcart_url)
        defaults = {"appsecret": Credentials.DEFAULT_FLAGSHIP["appsecret"] if platform == "flagship" else
                    Credentials.DEFAULT_ENTERPRISE["appsecret"], "token": Credentials.DEFAULT_TOKEN}
        return Endpoint(platform, client, "%s %s (in-process sandbox)" % (platform, client.base_url),
                        _secret_parts(defaults), sandbox=True)


def _sandbox_asked(platform: str, value: Optional[str]) -> bool:
    """Whether a platform's ``sandbox`` setting asks for the in-process sandbox."""
    v = (value or "").strip().lower()
    if v in SANDBOX_ON:
        return True
    if v in SANDBOX_OFF:
        return False
    raise UsageError("%s: sandbox = %s: expected in-process (or no)" % (platform, value),
                     "%s：sandbox = %s：应为 in-process（或 no）" % (platform, value))


def _secret_parts(values: Mapping[str, str]) -> List[str]:
    """Secret values and their colon-separated parts (a flagship appsecret
    holds a secret and a salt; redacting every part covers both without
    restating how the library splits it)."""
    out: List[str] = []
    for name in SECRET_SETTINGS:
        v = values.get(name)
        if v:
            out.append(v)
            out.extend(p for p in v.split(":") if p)
    return out
