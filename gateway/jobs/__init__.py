"""The only door to the queue: every job's name, id and retry policy (queue.py), queued after its
rows commit (after_commit.py). Jobs are named by import path, so the web app never imports workers/.
"""

from .after_commit import AfterCommit, recording
from .queue import (
    ANSWER_CHAT,
    ANSWER_INCOMING,
    BATCH_SIZE,
    LIVE,
    SEND_BATCH,
    SEND_CHAT,
    SEND_MESSAGE,
    SEND_TIMEOUT,
    Jobs,
    answer_job_id,
    chat_answer_job_id,
    chat_send_job_id,
    send_job_id,
)

__all__ = ["ANSWER_CHAT", "ANSWER_INCOMING", "BATCH_SIZE", "LIVE", "SEND_BATCH", "SEND_CHAT", "SEND_MESSAGE",
           "SEND_TIMEOUT", "AfterCommit", "Jobs", "answer_job_id", "chat_answer_job_id", "chat_send_job_id",
           "recording", "send_job_id"]
