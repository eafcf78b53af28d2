"""The actor network around international talent, and the service path from arrival to staying.

Works on two tables an analyst keeps in Excel or CSV, read by :func:`read_actors` and
:func:`read_ties`, and optionally a newcomer event log (:func:`read_events`):

- **actors**: ``id``, ``name``, ``type`` (company, education, municipality, authority,
  development company, student union, association ... see :data:`SECTOR_OF_TYPE`),
  ``municipality``, ``stages`` (the service-path stages the actor serves, separated by ``;``
  or ``,``: see :data:`STAGES`), ``target_groups`` (free text, shown as it is);
- **ties**: ``from``, ``to`` (actor ids), ``kind`` (co-operation, referral, funding, shared
  project), ``strength`` (a number, e.g. 1-5 or meetings a year; default 1) and ``period``
  (e.g. ``2023``; empty = every period);
- **events**: ``person`` (a pseudonym: never published), ``stage``, ``date``.

Headers may be Finnish or English (``Tunnus``/``id``, ``Nimi``/``name``, ``Tyyppi``/``type``,
``Kunta``/``municipality``, ``Vaiheet``/``stages``, ``Kohderyhmät``/``target_groups``,
``Mistä``/``from``, ``Mihin``/``to``, ``Laji``/``kind``, ``Vahvuus``/``strength``,
``Kausi``/``period``, ``Henkilö``/``person``, ``Vaihe``/``stage``, ``Päivä``/``date``).

Graph library: **networkx** — pure Python (no compiled dependency to install on a council's
laptop), the reference implementations of the measures used here (degree, betweenness with
Brandes' algorithm, subset betweenness, Louvain communities) and ample for 50-300 actors;
igraph is faster on millions of nodes, which this work does not have.

Measures
--------
Ties are undirected for the measures (co-operation runs both ways; a referral still links two
actors); parallel ties add their strengths. *Density* = ties / possible ties. *Degree
centrality* = neighbours / (actors - 1). *Betweenness* (normalised) counts shortest paths
through an actor. *Brokerage between sectors*: betweenness counted over shortest paths whose
ends are in different sectors only (networkx ``betweenness_centrality_subset`` summed over
sector pairs) — the actors that bridge companies, education, authorities and associations.
*Communities*: Louvain (modularity), seeded. *Isolated*: no tie; *single-linked*: one tie.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from . import regions
from .text import number, percent, pick

#: Service-path stages in order: code -> (Finnish, English).
STAGES = {
    "attraction": ("Houkuttelu", "Attraction"),
    "arrival": ("Saapuminen ja luvat", "Arrival and permits"),
    "studies": ("Opinnot", "Studies"),
    "internship": ("Harjoittelu", "Internship"),
    "first_job": ("Ensimmäinen työpaikka", "First job"),
    "family_social": ("Perhe ja sosiaalinen elämä", "Family and social life"),
    "staying": ("Jääminen alueelle", "Staying in the region"),
}
_STAGE_ALIASES = {
    "houkuttelu": "attraction", "saapuminen": "arrival", "luvat": "arrival",
    "saapuminen ja luvat": "arrival", "permits": "arrival", "opinnot": "studies",
    "opiskelu": "studies", "harjoittelu": "internship", "ensimmäinen työpaikka": "first_job",
    "työ": "first_job", "first job": "first_job", "job": "first_job", "perhe": "family_social",
    "perhe ja sosiaalinen elämä": "family_social", "family": "family_social",
    "family and social life": "family_social", "jääminen": "staying", "staying": "staying",
    "jääminen alueelle": "staying",
}  # fmt: skip
#: Sectors: code -> (Finnish, English).
SECTORS = {
    "companies": ("Yritykset", "Companies"),
    "education": ("Oppilaitokset", "Education"),
    "authorities": ("Viranomaiset ja kunnat", "Authorities and municipalities"),
    "associations": ("Järjestöt ja yhdistykset", "Associations"),
}
#: Actor types (Finnish or English, lower case) -> sector.
SECTOR_OF_TYPE = {
    "company": "companies", "yritys": "companies", "employer": "companies",
    "työnantaja": "companies", "development company": "authorities",
    "kehitysyhtiö": "authorities", "elinkeinoyhtiö": "authorities",
    "education": "education", "oppilaitos": "education", "university": "education",
    "ammattikorkeakoulu": "education", "yliopisto": "education", "vocational college": "education",
    "ammattiopisto": "education", "municipality": "authorities", "kunta": "authorities",
    "authority": "authorities", "viranomainen": "authorities", "ely": "authorities",
    "ely-keskus": "authorities", "te-palvelut": "authorities", "employment services": "authorities",
    "student union": "associations", "opiskelijakunta": "associations",
    "association": "associations", "yhdistys": "associations", "järjestö": "associations",
    "sports club": "associations", "urheiluseura": "associations",
    "culture association": "associations", "kulttuuriyhdistys": "associations",
}  # fmt: skip

_ACTOR_COLS = {
    "id": r"^(id|tunnus|toimija_?id|actor_?id)$", "name": r"^(name|nimi)$",
    "type": r"^(type|tyyppi|laji)$", "municipality": r"^(municipality|kunta|sijainti|region)$",
    "stages": r"^(stages|vaiheet|palvelupolun vaiheet)$",
    "target_groups": r"^(target_?groups|kohderyhmät|kohderyhma)$",
}  # fmt: skip
_TIE_COLS = {
    "from": r"^(from|mistä|lähde|source)$", "to": r"^(to|mihin|kohde|target)$",
    "kind": r"^(kind|laji|type|tyyppi)$", "strength": r"^(strength|vahvuus|weight|frequency|tiheys)$",
    "period": r"^(period|kausi|vuosi|year)$",
}  # fmt: skip
_EVENT_COLS = {
    "person": r"^(person|henkilö|henkilo|pseudonym|pseudonyymi|henkilötunniste)$",
    "stage": r"^(stage|vaihe)$",
    "date": r"^(date|päivä|pvm|päivämäärä)$", "municipality": r"^(municipality|kunta|region)$",
}  # fmt: skip


# --- reading --------------------------------------------------------------------------------
def _read(path, spec: dict[str, str], what: str, required: tuple[str, ...]):
    from .sources import files

    if isinstance(path, tuple):  # (raw cells, file) from kokka check: row numbers kept
        raw, src = path
        headers = {c: str(raw.attrs.get("headers", {}).get(c, c)) for c in raw.columns}
    elif isinstance(path, pd.DataFrame):
        raw, src = path.astype(object).copy(), Path(str(path.attrs.get("source_name", what)))
        raw.index = pd.RangeIndex(1, len(raw) + 1)
        headers = {c: str(c) for c in raw.columns}
    else:
        raw, src = files._read_raw(path)
        headers = {c: str(raw.attrs.get("headers", {}).get(c, c)) for c in raw.columns}
    raw = raw.astype(object).where(raw.notna(), None)
    found = {}
    for key, pattern in spec.items():
        for c in raw.columns:
            if c in found.values():
                continue
            if re.search(pattern, str(c).casefold()) or re.search(pattern, headers[c].casefold()):
                found[key] = c
                break
    # a bare "id" column is the person only when no column is named for the person
    if what == "events" and "person" not in found:
        for c in raw.columns:
            if c not in found.values() and headers[c].strip().casefold() in ("id", "tunnus"):
                found["person"] = c
                break
    for key in required:
        if key not in found:
            raise files._fail(src, f"no column for the {key} of the {what}; the file has "
                              f"{list(headers.values())[:12]}.", column=key)  # fmt: skip
    out = pd.DataFrame({key: raw[col] for key, col in found.items()}, index=raw.index)
    return out, src, {key: headers[col] for key, col in found.items()}  # for messages


def _shortlist(names: list[str], limit: int = 300) -> str:
    """Names joined with commas, cut at a whole name (never mid-word) when too long."""
    text = ", ".join(names)
    if len(text) <= limit:
        return text
    return text[: text.rfind(", ", 0, limit)] + ", …"


def _stages(path: Path, s: pd.Series, col: str) -> pd.Series:
    from .sources import files

    out = []
    for row, value in s.items():
        codes = []
        for part in re.split(r"[;,/]", str(value or "")):
            key = part.strip().casefold()
            if not key:
                continue
            code = key if key in STAGES else _STAGE_ALIASES.get(key)
            if code is None:
                raise files._fail(path, f"unknown service-path stage {part.strip()!r}; the "
                                  f"stages are {', '.join(STAGES)} (or their Finnish names).",
                                  rows=[row], column=col)  # fmt: skip
            codes.append(code)
        out.append(tuple(dict.fromkeys(codes)))
    return pd.Series(out, index=s.index, dtype=object)


def read_actors(path) -> pd.DataFrame:
    """The actors table (see the module notes): ``id, name, type, sector, region`` (the
    municipality code),
    ``stages`` (a tuple of stage codes), ``target_groups``. Errors name file, row and column."""
    from .sources import files

    df, src, cols = _read(path, _ACTOR_COLS, "actors", ("id", "name", "type"))
    df["id"] = df["id"].astype(str).str.strip()
    dup = df["id"].duplicated(keep=False)
    if dup.any():
        raise files._fail(src, f"the actor id {df['id'][dup].iloc[0]!r} appears more than once.",
                          rows=df.index[dup].tolist(), column=cols["id"])  # fmt: skip
    types = df["type"].astype(str).str.strip().str.casefold()
    sector = types.map(SECTOR_OF_TYPE)
    bad = sector.isna()
    if bad.any():
        raise files._fail(
            src, f"unknown actor type {df['type'][bad].iloc[0]!r}.", rows=df.index[bad].tolist(),
            column=cols["type"], hint=f"Known types: {_shortlist(sorted(SECTOR_OF_TYPE))}.",
        )  # fmt: skip
    df["sector"] = sector
    if "municipality" in df:
        df["region"] = files._regions(src, df["municipality"].rename(cols["municipality"]))
    else:
        df["region"] = None
    df["stages"] = (_stages(src, df["stages"], cols["stages"]) if "stages" in df
                    else pd.Series([()] * len(df), index=df.index, dtype=object))  # fmt: skip
    if "target_groups" not in df:
        df["target_groups"] = None
    out = df[["id", "name", "type", "sector", "region", "stages", "target_groups"]]
    out = out.reset_index(drop=True)
    out = files._provenance(out, src, "actors")
    return out


def read_ties(path, actors: pd.DataFrame) -> pd.DataFrame:
    """The ties table: ``from, to, kind, strength, period`` (period None = every period).
    Every end must be an actor id of ``actors``."""
    from .sources import files

    df, src, cols = _read(path, _TIE_COLS, "ties", ("from", "to"))
    known = set(actors["id"])
    for end in ("from", "to"):
        df[end] = df[end].astype(str).str.strip()
        bad = ~df[end].isin(known)
        if bad.any():
            raise files._fail(src, f"{df[end][bad].iloc[0]!r} is not an actor id of the actors "
                              "table.", rows=df.index[bad].tolist(), column=cols[end])  # fmt: skip
    loops = df["from"] == df["to"]
    if loops.any():
        raise files._fail(src, "a tie from an actor to itself.", rows=df.index[loops].tolist(),
                          column=cols["from"])  # fmt: skip
    df["kind"] = (
        df["kind"].astype(str).str.strip().str.casefold() if "kind" in df else "co-operation"
    )
    df["strength"] = (files._numbers(src, df["strength"].where(df["strength"].notna(), "1")
                                     .rename(cols["strength"]), "the strength")
                      if "strength" in df else 1.0)  # fmt: skip
    if (df["strength"] <= 0).any():
        bad = df["strength"] <= 0
        raise files._fail(src, "a tie's strength must be positive.",
                          rows=df.index[bad].tolist(), column=cols["strength"])  # fmt: skip
    if "period" in df:
        text = [None if v is None or str(v).strip() in ("", "nan", "None")
                else str(v).strip().removesuffix(".0") for v in df["period"]]  # fmt: skip
        df["period"] = pd.Series(text, index=df.index, dtype=object)
    else:
        df["period"] = None
    out = df[["from", "to", "kind", "strength", "period"]].reset_index(drop=True)
    out = files._provenance(out, src, "ties")
    return out


def read_events(path) -> pd.DataFrame:
    """The newcomer event log: ``person, region`` (optional: the municipality the person lives in),
    ``stage, date``. Never published person by person."""
    from .sources import files

    df, src, cols = _read(path, _EVENT_COLS, "events", ("person", "stage", "date"))
    df["person"] = df["person"].astype(str).str.strip()
    stage = df["stage"].astype(str).str.strip().str.casefold()
    code = stage.where(stage.isin(list(STAGES)), stage.map(_STAGE_ALIASES))
    bad = code.isna()
    if bad.any():
        raise files._fail(src, f"unknown stage {df['stage'][bad].iloc[0]!r}.",
                          rows=df.index[bad].tolist(), column=cols["stage"])  # fmt: skip
    df["stage"] = code
    date = pd.to_datetime(df["date"].astype(str), errors="coerce", dayfirst=True)
    bad = date.isna()
    if bad.any():
        raise files._fail(src, f"{df['date'][bad].iloc[0]!r} is not a date.",
                          rows=df.index[bad].tolist(), column=cols["date"])  # fmt: skip
    df["date"] = date
    df["region"] = (files._regions(src, df["municipality"].rename(cols["municipality"]))
                    if "municipality" in df else None)  # fmt: skip
    out = df[["person", "region", "stage", "date"]].reset_index(drop=True)
    out = files._provenance(out, src, "events")
    return out


# --- the network ----------------------------------------------------------------------------
def in_region(actors: pd.DataFrame, ties: pd.DataFrame, region: str):
    """The actors in ``region`` (by municipality; actors without one are kept: they serve the
    whole area) and the ties between them."""
    code = regions.code_of(region)
    muni = actors["region"]
    keep = muni.isna() | regions.in_region(muni.fillna("SSS").astype(str), code)
    a = actors[keep].reset_index(drop=True)
    ids = set(a["id"])
    t = ties[ties["from"].isin(ids) & ties["to"].isin(ids)].reset_index(drop=True)
    a.attrs, t.attrs = dict(actors.attrs), dict(ties.attrs)
    return a, t


def periods(ties: pd.DataFrame) -> list[str]:
    """The periods the ties name, in order."""
    return sorted({p for p in ties["period"].dropna().astype(str)})


def graph(actors: pd.DataFrame, ties: pd.DataFrame, period: str | None = None):
    """An undirected networkx graph: every actor a node (with ``name``, ``sector``), the ties
    of ``period`` (and those without one) as edges whose ``weight`` sums the strengths."""
    import networkx as nx

    g = nx.Graph()
    for r in actors.itertuples():
        g.add_node(r.id, name=r.name, sector=r.sector)
    t = ties if period is None else ties[ties["period"].isna() | (ties["period"] == str(period))]
    for a, b, s in zip(t["from"], t["to"], t["strength"], strict=True):
        w = g[a][b]["weight"] + s if g.has_edge(a, b) else s
        g.add_edge(a, b, weight=float(w))
    return g


def measures(g) -> pd.DataFrame:
    """Per actor: ``degree`` (ties), ``degree_centrality``, ``betweenness`` (normalised),
    ``brokerage`` (betweenness over cross-sector paths only, normalised like betweenness),
    ``community`` (Louvain, seed 1), ``isolated``, ``single_linked``."""
    import networkx as nx

    nodes = list(g.nodes)
    n = len(nodes)
    deg = dict(g.degree())
    dc = nx.degree_centrality(g) if n > 1 else dict.fromkeys(nodes, 0.0)
    bc = nx.betweenness_centrality(g, normalized=True)
    sectors = nx.get_node_attributes(g, "sector")
    groups: dict[str, list] = {}
    for node, s in sectors.items():
        groups.setdefault(s, []).append(node)
    broker = dict.fromkeys(nodes, 0.0)
    names = sorted(groups)
    for i, s1 in enumerate(names):
        for s2 in names[i + 1 :]:
            part = nx.betweenness_centrality_subset(g, groups[s1], groups[s2], normalized=False)
            for node, v in part.items():
                # networkx halves subset betweenness on undirected graphs (it expects each pair
                # twice); the two sectors are disjoint, so each pair is counted once: undo it
                broker[node] += 2 * v
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0  # as networkx normalises betweenness
    community = {}
    if g.number_of_edges():
        for k, members in enumerate(
            sorted(nx.community.louvain_communities(g, seed=1), key=len, reverse=True), start=1
        ):
            for node in members:
                community[node] = k
    return pd.DataFrame(
        {
            "id": nodes,
            "name": [g.nodes[v]["name"] for v in nodes],
            "sector": [sectors[v] for v in nodes],
            "degree": [deg[v] for v in nodes],
            "degree_centrality": [dc[v] for v in nodes],
            "betweenness": [bc[v] for v in nodes],
            "brokerage": [broker[v] * scale for v in nodes],
            "community": [community.get(v, 0) for v in nodes],
            "isolated": [deg[v] == 0 for v in nodes],
            "single_linked": [deg[v] == 1 for v in nodes],
        }
    )


def summary(g) -> dict:
    """Actors, ties, density, components and communities of a graph."""
    import networkx as nx

    n, m = g.number_of_nodes(), g.number_of_edges()
    return {
        "actors": n,
        "ties": m,
        "density": nx.density(g) if n > 1 else 0.0,
        "components": nx.number_connected_components(g) if n else 0,
        "isolated": sum(1 for _, d in g.degree() if d == 0),
    }


def sector_ties(g) -> pd.DataFrame:
    """Ties between and within sectors (a symmetric table, sectors as rows and columns)."""
    sectors = list(SECTORS)
    out = pd.DataFrame(0, index=sectors, columns=sectors)
    for a, b in g.edges:
        sa, sb = g.nodes[a]["sector"], g.nodes[b]["sector"]
        out.loc[sa, sb] += 1
        if sa != sb:
            out.loc[sb, sa] += 1
    return out


def sole_brokers(g, sector_a: str, sector_b: str) -> list[str]:
    """Actors through which *every* path between the two sectors runs: remove one and no path
    links the sectors any more. Any actor counts (inside either sector or outside both),
    except a sector's only actor (removing it removes the sector). Empty when the sectors are
    not linked at all, or are linked by several routes."""
    import networkx as nx

    a = {v for v, s in g.nodes(data="sector") if s == sector_a}
    b = {v for v, s in g.nodes(data="sector") if s == sector_b}
    if not a or not b:
        return []

    def linked(h) -> bool:
        return any(comp & a and comp & b for comp in map(set, nx.connected_components(h)))

    if not linked(g):
        return []
    out = []
    for v in g.nodes:
        if (v in a and len(a) == 1) or (v in b and len(b) == 1):
            continue
        h = g.copy()
        h.remove_node(v)
        if not linked(h):
            out.append(v)
    return sorted(out)


def change(actors: pd.DataFrame, ties: pd.DataFrame) -> pd.DataFrame:
    """How the network changed between periods: per period, actors with a tie, ties, density,
    and ties new and ended since the previous period."""
    rows, before = [], None
    for p in periods(ties):
        g = graph(actors, ties, p)
        active = g.subgraph([v for v, d in g.degree() if d > 0])
        edges = {frozenset(e) for e in g.edges}
        s = summary(active)
        rows.append({"period": p, "actors": s["actors"], "ties": s["ties"],
                     "density": s["density"],
                     "new_ties": len(edges - before) if before is not None else np.nan,
                     "ended_ties": len(before - edges) if before is not None else np.nan})  # fmt: skip
        before = edges
    out = pd.DataFrame(rows)
    for col in ("actors", "ties", "new_ties", "ended_ties"):
        if col in out:
            out[col] = out[col].astype("Int64")  # counts, shown without decimals
    return out


# --- the service path -----------------------------------------------------------------------
def coverage(actors: pd.DataFrame) -> pd.DataFrame:
    """Actors serving each stage (rows, in path order) by sector (columns) and in all."""
    rows = []
    for stage in STAGES:
        serving = actors[actors["stages"].map(lambda s, st=stage: st in s)]
        row = {"stage": stage}
        for sector in SECTORS:
            row[sector] = int((serving["sector"] == sector).sum())
        row["total"] = len(serving)
        rows.append(row)
    return pd.DataFrame(rows)


def gaps(actors: pd.DataFrame, level: str = "seutukunta") -> pd.DataFrame:
    """Stages with no actor, or a single one (a single point of failure), in each region of
    ``level`` the actors are in. Actors without a municipality serve every region."""
    muni = actors["region"]
    everywhere = actors[muni.isna()]
    codes = sorted({regions.parent(str(m), level).code for m in muni.dropna()})
    rows = []
    for code in codes:
        local = actors[muni.notna() & regions.in_region(muni.fillna("SSS").astype(str), code)]
        serving = pd.concat([local, everywhere])
        for stage in STAGES:
            who = serving[serving["stages"].map(lambda s, st=stage: st in s)]
            if len(who) <= 1:
                rows.append({"region": code, "stage": stage, "actors": len(who),
                             "only": who["name"].iloc[0] if len(who) else None})  # fmt: skip
    return pd.DataFrame(rows, columns=["region", "stage", "actors", "only"])


def median_interval(values, level: float = 0.95) -> tuple[float, float, float]:
    """The median and its distribution-free interval from order statistics (the binomial
    method: at least ``level`` coverage for any continuous distribution).

    Examples
    --------
    >>> median_interval(range(1, 21))
    (10.5, 6.0, 15.0)
    """
    from scipy.stats import binom

    x = np.sort(np.asarray(list(values), dtype=float))
    n = len(x)
    if n == 0:
        return np.nan, np.nan, np.nan
    med = float(np.median(x))
    alpha = 1 - level
    j = int(binom.ppf(alpha / 2, n, 0.5))  # P(B < j) <= alpha/2
    while j > 0 and binom.cdf(j - 1, n, 0.5) > alpha / 2:
        j -= 1
    if j < 1:
        return med, np.nan, np.nan  # too few for an interval at this level
    k = n - j + 1
    return med, float(x[j - 1]), float(x[k - 1])


def funnel(events: pd.DataFrame, min_n: int = 5, follow_months: int = 24) -> pd.DataFrame:
    """How many newcomers reach each stage, and the share of those who reached the previous
    stage that went on (reached this stage or any later one: a person may skip a stage), with
    Wilson 95 % intervals. Every stage is listed in path order from the first one anybody
    reached (a stage nobody reached has 0 persons). Only persons whose first event is at least
    ``follow_months`` before the log's last date count (those who came later may still be on
    their way). Disclosure: a count under ``min_n`` is masked, and so is a share whose base,
    or the number who went on or stopped, is between 1 and ``min_n - 1``.

    Returns
    -------
    DataFrame
        ``stage, persons, share_of_previous, low, high, suppressed``; ``attrs``: ``followed``,
        ``follow_months`` and ``out_of_order`` (persons with a later stage dated before an
        earlier one: their stages count as reached, but the page says how many there are).
    """
    from .uncertainty import proportion_interval

    first = events.groupby("person")["date"].min()
    cutoff = events["date"].max() - pd.DateOffset(months=follow_months)
    followed = first[first <= cutoff].index
    ev = events[events["person"].isin(followed)]
    order = list(STAGES)
    reached = {st: set(ev.loc[ev["stage"] == st, "person"]) for st in order}
    # persons who reached a stage or any later one
    onward = {}
    acc: set = set()
    for st in reversed(order):
        acc = acc | reached[st]
        onward[st] = set(acc)
    start = next((i for i, st in enumerate(order) if reached[st]), len(order))
    rows, prev = [], None
    for st in order[start:]:
        n = len(reached[st])
        row = {"stage": st, "persons": n, "share_of_previous": np.nan, "low": np.nan,
               "high": np.nan, "suppressed": False}  # fmt: skip
        if prev is not None:
            base = len(reached[prev])
            went_on = len(reached[prev] & onward[st])
            if base:
                lo, hi = proportion_interval(went_on, base)
                row.update(share_of_previous=went_on / base * 100, low=lo * 100, high=hi * 100)
            small = [x for x in (base, went_on, base - went_on) if 0 < x < min_n]
            if small:
                # the stage's count beside its base would give the masked share back
                row.update(share_of_previous=np.nan, low=np.nan, high=np.nan, persons=np.nan,
                           suppressed=True)  # fmt: skip
        if 0 < n < min_n:
            row.update(persons=np.nan, suppressed=True)
        rows.append(row)
        prev = st
    out = pd.DataFrame(rows, columns=["stage", "persons", "share_of_previous", "low", "high",
                                      "suppressed"])  # fmt: skip
    rank = {st: i for i, st in enumerate(order)}
    firsts = ev.groupby(["person", "stage"])["date"].min().reset_index()
    firsts["rank"] = firsts["stage"].map(rank)
    firsts = firsts.sort_values(["person", "rank"])
    back = firsts.groupby("person")["date"].apply(lambda d: bool((d.diff().dt.days < 0).any()))
    out.attrs = {"followed": len(followed), "follow_months": follow_months,
                 "out_of_order": int(back.sum()) if len(back) else 0}  # fmt: skip
    return out


def durations(events: pd.DataFrame, min_n: int = 5, follow_months: int = 24) -> pd.DataFrame:
    """Days from each stage to the next one reached (in path order), per person who reached
    both: the median with its distribution-free 95 % interval (:func:`median_interval`).
    The same persons as :func:`funnel` (followed at least ``follow_months``). Pairs with
    fewer than ``min_n`` persons are masked; a pair's number of persons is also masked when
    it differs from either stage's count by 1 to ``min_n - 1`` or when the funnel masks either
    stage (the difference would give back a count the funnel hides: found by a new user)."""
    path = funnel(events, min_n=min_n, follow_months=follow_months).set_index("stage")
    start = events.groupby("person")["date"].min()
    cutoff = events["date"].max() - pd.DateOffset(months=follow_months)
    events = events[events["person"].isin(start[start <= cutoff].index)]
    first = events.groupby(["person", "stage"])["date"].min().unstack()
    order = [st for st in STAGES if st in first.columns]
    rows = []
    for a, b in zip(order, order[1:], strict=False):
        d = (first[b] - first[a]).dt.days.dropna()
        d = d[d >= 0]
        n = len(d)
        med, lo, hi = median_interval(d) if n >= min_n else (np.nan, np.nan, np.nan)
        shown = n >= min_n
        for st in (a, b):
            count = first[st].notna().sum()
            masked = st not in path.index or bool(path.loc[st, "suppressed"])
            if masked or 0 < count - n < min_n:
                shown = False
        rows.append({"from_stage": a, "to_stage": b, "persons": n if shown else np.nan,
                     "median_days": med, "low": lo, "high": hi})  # fmt: skip
    return pd.DataFrame(rows, columns=["from_stage", "to_stage", "persons", "median_days",
                                       "low", "high"])  # fmt: skip


def events_in_region(events: pd.DataFrame, region: str) -> pd.DataFrame:
    """The events of persons in ``region`` (every event when the log has no municipality)."""
    if events["region"].isna().all():
        return events
    code = regions.code_of(region)
    out = events[regions.in_region(events["region"].fillna("SSS").astype(str), code)]
    out.attrs = dict(events.attrs)
    return out


def sector_links(g) -> pd.DataFrame:
    """For each pair of sectors: direct ties, whether any path links them, and the actors
    every such path runs through (:func:`sole_brokers`)."""
    import networkx as nx

    rows = []
    names = list(SECTORS)
    members = {s: [v for v, x in g.nodes(data="sector") if x == s] for s in names}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if not members[a] or not members[b]:
                continue
            direct = sum(1 for u, v in g.edges
                         if {g.nodes[u]["sector"], g.nodes[v]["sector"]} == {a, b})  # fmt: skip
            linked = any(nx.has_path(g, x, y) for x in members[a] for y in members[b])
            only = sole_brokers(g, a, b) if linked else []
            rows.append({"sector_a": a, "sector_b": b, "direct_ties": direct, "linked": linked,
                         "only_through": [g.nodes[v]["name"] for v in only]})  # fmt: skip
    return pd.DataFrame(rows, columns=["sector_a", "sector_b", "direct_ties", "linked",
                                       "only_through"])  # fmt: skip


# --- page text ------------------------------------------------------------------------------
def sector_name(code: str, lang: str) -> str:
    return pick(*SECTORS.get(code, (code, code)), lang)


def stage_name(code: str, lang: str) -> str:
    return pick(*STAGES.get(code, (code, code)), lang)


def network_findings(g, table: pd.DataFrame, links: pd.DataFrame, *, lang: str) -> str:
    """Size and density, the strongest brokers between sectors, isolated and single-linked
    actors, and sector pairs that hang on one actor or are not linked at all."""
    s = summary(g)
    top = table.sort_values("brokerage", ascending=False)
    top = top[top["brokerage"] > 0].head(3)
    brokers = ", ".join(top["name"]) if len(top) else "–"
    single = int(table["single_linked"].sum())
    text = [pick(
        f"Verkostossa on {s['actors']} toimijaa ja {s['ties']} yhteyttä (tiheys "
        f"{number(s['density'] * 100, 'fi', 1)} % mahdollisista). Eniten sektoreiden välillä "
        f"välittävät {brokers}. Ilman yhteyksiä on {s['isolated']} toimijaa, vain yhden "
        f"yhteyden varassa {single}.",
        f"The network has {s['actors']} actors and {s['ties']} ties (density "
        f"{number(s['density'] * 100, 'en', 1)} % of the possible ties). The strongest brokers "
        f"between sectors are {brokers}. {s['isolated']} actors have no tie, {single} hang on "
        "a single one.",
        lang,
    )]  # fmt: skip
    for r in links.itertuples():
        a, b = sector_name(r.sector_a, lang).lower(), sector_name(r.sector_b, lang).lower()
        if not r.linked:
            text.append(pick(f"Sektoreiden ”{a}” ja ”{b}” välillä ei ole yhtään polkua.",
                             f"No path links {a} and {b}.", lang))  # fmt: skip
        elif r.only_through:
            who = ", ".join(r.only_through)
            text.append(pick(
                f"Sektorit ”{a}” ja ”{b}” ovat yhteydessä vain toimijan {who} kautta: jos se "
                "putoaa pois, yhteys katkeaa.",
                f"{a.capitalize()} and {b} are linked only through {who}: without it the link "
                "breaks.",
                lang,
            ))  # fmt: skip
    return " ".join(text)


def gap_findings(table: pd.DataFrame, *, lang: str) -> str:
    """Stages without an actor or with a single one, per region."""
    if table.empty:
        return pick("Jokaisella palvelupolun vaiheella on alueilla vähintään kaksi toimijaa.",
                    "Every stage of the service path has at least two actors in every region.",
                    lang)  # fmt: skip
    parts = []
    for r in table.itertuples():
        place = regions.name(r.region)
        st = stage_name(r.stage, lang).lower()
        if r.actors == 0:
            parts.append(pick(f"{place}: vaiheelle {st} ei ole toimijaa",
                              f"{place}: no actor serves {st}", lang))  # fmt: skip
        else:
            parts.append(pick(f"{place}: vaiheen {st} ainoa toimija on {r.only}",
                              f"{place}: {r.only} is the only actor for {st}", lang))  # fmt: skip
    return "; ".join(parts) + "."


def weakest_step(table: pd.DataFrame) -> pd.Series | None:
    """The funnel's step with the lowest share going on (None when no share is published)."""
    ok = table.dropna(subset=["share_of_previous"])
    if ok.empty:
        return None
    return ok.loc[ok["share_of_previous"].idxmin()]


def funnel_findings(table: pd.DataFrame, *, lang: str) -> str:
    """Where the path breaks: the step with the lowest share going on, with its interval."""
    row = weakest_step(table)
    if row is None:
        return pick("Polun vaiheista ei voi julkaista osuuksia (liian vähän henkilöitä).",
                    "No shares of the path can be published (too few persons).", lang)  # fmt: skip
    i = list(table["stage"]).index(row["stage"])
    prev = stage_name(table["stage"].iloc[i - 1], lang).lower()
    st = stage_name(row["stage"], lang).lower()
    share = f"{percent(row['share_of_previous'], lang, 0)} [{number(row['low'], lang, 0)}–" \
            f"{percent(row['high'], lang, 0)}]"  # fmt: skip
    n = table.attrs.get("followed", "")
    text = pick(
        f"Polku katkeaa useimmin vaiheiden ”{prev}” ja ”{st}” välillä: vain {share} edellisen "
        f"vaiheen saavuttaneista eteni (seurattuja henkilöitä {n}, jotka tulivat vähintään "
        f"{table.attrs.get('follow_months', 24)} kuukautta ennen aineiston loppua).",
        f"The path breaks most often between “{prev}” and “{st}”: only {share} of those who reached "
        f"the step before went on ({n} persons followed, who came at least "
        f"{table.attrs.get('follow_months', 24)} months before the log ends).",
        lang,
    )
    late = table.attrs.get("out_of_order", 0)
    if late:
        text += pick(
            f" {late} henkilön vaiheet ovat lokissa päivämäärien mukaan väärässä "
            "järjestyksessä; ne on laskettu saavutetuiksi, mutta loki kannattaa tarkistaa.",
            f" {late} persons have stages dated out of order in the log; they count as "
            "reached, but the log is worth checking.",
            lang,
        )
    return text


#: Column headers of the network tables (Finnish, English).
COLUMN_LABELS = {
    "name": ("Toimija", "Actor"),
    "sector": ("Sektori", "Sector"),
    "degree": ("Yhteyksiä", "Ties"),
    "betweenness": ("Välittäjyys", "Betweenness"),
    "brokerage": ("Välittäjyys sektoreiden välillä", "Brokerage between sectors"),
    "community": ("Yhteisö", "Community"),
    "period": ("Kausi", "Period"),
    "actors": ("Toimijoita", "Actors"),
    "ties": ("Yhteyksiä", "Ties"),
    "density": ("Tiheys", "Density"),
    "new_ties": ("Uusia yhteyksiä", "New ties"),
    "ended_ties": ("Päättyneitä yhteyksiä", "Ended ties"),
    "from_stage": ("Vaiheesta", "From stage"),
    "to_stage": ("Vaiheeseen", "To stage"),
    "persons": ("Henkilöitä", "Persons"),
    "median_days": ("Mediaani, päivää", "Median, days"),
    "low": ("väli alkaen", "interval from"),
    "high": ("väli asti", "interval to"),
}


def measures_display(table: pd.DataFrame, *, lang: str, top: int = 15) -> pd.DataFrame:
    """The actors that bridge most, for reading (names and sectors in ``lang``)."""
    t = table.sort_values(["brokerage", "degree"], ascending=False).head(top)
    return pd.DataFrame({
        "name": t["name"], "sector": [sector_name(s, lang) for s in t["sector"]],
        "degree": t["degree"], "betweenness": t["betweenness"].round(3),
        "brokerage": t["brokerage"].round(3), "community": t["community"],
    }).reset_index(drop=True)  # fmt: skip


def sector_ties_display(g, *, lang: str) -> pd.DataFrame:
    """:func:`sector_ties` with sector names in ``lang``."""
    t = sector_ties(g)
    names = [sector_name(s, lang) for s in t.index]
    out = pd.DataFrame(t.to_numpy(), columns=names)
    out.insert(0, pick("Sektori", "Sector", lang), names)
    return out


def durations_display(table: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """:func:`durations` with stage names in ``lang``."""
    out = table.copy()
    for col in ("from_stage", "to_stage"):
        out[col] = [stage_name(s, lang) for s in out[col]]
    return out
