"""A tiny conversation service: keeps per-conversation history and answers
through a model client. The model is a local stand-in whose latency grows with
the machine's load, like a real API under a busy CI runner."""

import re
import threading
import time
import uuid


class SlowModel:
    """Answers from the conversation's context. Each call costs `base_latency`
    seconds plus whatever the CPU is busy with (it waits for a shared lock that
    background work also takes)."""

    lock = threading.Lock()

    def __init__(self, base_latency=0.01):
        self.base_latency = base_latency

    def answer(self, history, message):
        with SlowModel.lock:
            time.sleep(self.base_latency)
        names = [m.group(1) for turn in history for m in [re.search(r"[Mm]y name is (\w+)", turn)] if m]
        if "what is my name" in message.lower():
            return f"Your name is {names[-1]}." if names else "I don't know your name."
        return f"Noted ({len(history) + 1} messages so far)."


class Conversation:
    def __init__(self, model, deadline=0.25):
        self.id = str(uuid.uuid4())
        self.model = model
        self.deadline = deadline
        self.history = []

    def send(self, message):
        start = time.monotonic()
        reply = self.model.answer(self.history, message)
        if time.monotonic() - start > self.deadline:
            raise TimeoutError(f"model did not answer within {self.deadline}s")
        self.history.append(message)
        self.history.append(reply)
        return {"conversation_id": self.id, "reply": reply}
