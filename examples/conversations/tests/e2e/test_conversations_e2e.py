import random

from app.conversation import Conversation, SlowModel


class TestMultiTurnConversationE2E:
    def test_multi_turn_conversation_e2e(self):
        conv = Conversation(SlowModel(base_latency=0.01 + random.random() * 0.02))
        turns = ["Hello", "My name is Alice", "I like tea", "And cake", "What is my name?"]
        replies = [conv.send(t) for t in turns]
        assert len({r["conversation_id"] for r in replies}) == 1
        assert "Alice" in replies[-1]["reply"]

    def test_conversation_ids_are_unique(self):
        a = Conversation(SlowModel())
        b = Conversation(SlowModel())
        assert a.id != b.id
