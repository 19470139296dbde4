"""System 7's hot topics: the demo's answer validates against the contract and agrees with the
system's indicators; the client reads it; the social network's page lists the topics with
their figures and sample posts, a post holding markup shown as the words typed; the sync
polls them only while a layout shows that page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from ioc_desktop.backend import contract
from ioc_desktop.backend.client import BackendClient
from ioc_desktop.backend.models import HotTopic, SocialPost
from ioc_desktop.demo.server import DEMO_TOKEN, DemoHttpServer
from ioc_desktop.demo.simulation import Simulation
from ioc_desktop.layout.drill import shows_hot_topics, system_page_layout
from ioc_desktop.layout.model import Layout, ScreenSpec
from ioc_desktop.store import Store
from widgets.system_page import SystemPage

HOSTILE = '<img src=x onerror="alert(1)"><b>Sập cầu</b> & <a href="http://x">xem</a>'


@pytest.fixture(scope="module")
def server() -> Iterator[DemoHttpServer]:
    srv = DemoHttpServer(Simulation()).start()
    yield srv
    srv.stop()


def test_the_demo_answers_the_contract_and_agrees_with_the_indicators(
    server: DemoHttpServer,
) -> None:
    resp = requests.get(
        server.base_url + "/api/v1/social/hot-topics",
        headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
        timeout=5,
    )
    assert resp.status_code == 200
    body = resp.json()
    assert contract.first_error("HotTopics", body) is None
    kpis = {k.id: k.value for k in BackendClient(server.base_url, DEMO_TOKEN).kpis()}
    topics = body["topics"]
    assert len(topics) == 8 and all(t["samples"] for t in topics)
    handled = sum(t["needs_handling"] for t in topics)
    assert handled == min(8, round(kpis["mxh-hot-topics"]))
    assert sum(t["mentions"] for t in topics) <= kpis["mxh-mentions"]
    # the ones to handle first, then by mentions
    order = [(not t["needs_handling"], -t["mentions"]) for t in topics]
    assert order == sorted(order)
    broken = {**body, "topics": [{**topics[0], "negative_share": 140}]}
    assert contract.first_error("HotTopics", broken) is not None


def test_the_client_reads_them(server: DemoHttpServer) -> None:
    client = BackendClient(server.base_url, DEMO_TOKEN)
    try:
        topics = client.hot_topics()
    finally:
        client.close()
    assert len(topics) == 8 and all(isinstance(t, HotTopic) for t in topics)
    assert all(p.posted_at.tzinfo is not None for t in topics for p in t.samples)


def _topic(text: str, needs: bool = True) -> HotTopic:
    post = SocialPost("Facebook", text, datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
    return HotTopic("t1", "Ùn tắc cầu Việt Trì", 1234, 61.5, needs, (post,))


def test_the_social_page_lists_topics_and_keeps_posts_as_text(qtbot: Any) -> None:
    store = Store()
    page = SystemPage(store, 7)
    qtbot.addWidget(page)
    assert page.hot_topics is not None and page.ward_map is None
    view = page.hot_topics
    assert view.topic_labels == []  # nothing yet: said so, not an empty frame
    store.set_hot_topics([_topic(HOSTILE), _topic("Bình thường", needs=False)])
    assert [lb.text() for lb in view.topic_labels] == ["Ùn tắc cầu Việt Trì"] * 2
    post = view.post_labels[0]
    assert HOSTILE in post.text()  # the words typed, markup and all
    assert post.text() == f"Facebook · 10:00 01/12: “{HOSTILE}”"  # province time (UTC+7)
    assert post.textFormat().name == "PlainText"
    assert "&lt;img" in post.toolTip() and "<img" not in post.toolTip()
    figures = view.widget().findChildren(type(post))
    texts = [f.text() for f in figures]
    assert "1.234 lượt đề cập · 61,5 % tiêu cực · CẦN XỬ LÝ" in texts
    assert "1.234 lượt đề cập · 61,5 % tiêu cực" in texts
    before = view.rebuilds
    store.set_hot_topics([_topic(HOSTILE), _topic("Bình thường", needs=False)])
    assert view.rebuilds == before  # the same topics again: nothing rebuilt


def test_the_sync_polls_topics_only_for_the_social_page() -> None:
    base = Layout("tong-quan", "Tổng quan", [ScreenSpec("wall-1", 1, 1)])
    assert not shows_hot_topics(base)
    assert not shows_hot_topics(system_page_layout(base, 2, "Dịch vụ công"))
    assert shows_hot_topics(system_page_layout(base, 7, "Thông tin mạng xã hội"))
