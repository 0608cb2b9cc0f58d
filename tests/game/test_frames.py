"""The frame the relay builds once per broadcast and writes to each of daphne's sockets."""

import pytest
from websockets.frames import OP_TEXT, Frame
from websockets.streams import StreamReader

from game import fanout


@pytest.mark.parametrize("size", [0, 1, 125, 126, 127, 65535, 65536, 70001])
def test_a_broadcast_frame_is_what_a_websocket_client_reads(size):
    """Read back by a client's parser (the websockets library's) as the same text, at each of
    the three length forms (RFC 6455 5.2), with characters of two bytes."""
    text = "é" * (size // 2) + "x" * (size % 2)
    reader = StreamReader()
    reader.feed_data(fanout.text_frame(text))
    parser = Frame.parse(reader.read_exact, mask=False, max_size=None)
    with pytest.raises(StopIteration) as done:
        next(parser)
    frame = done.value.value
    assert (frame.opcode, frame.fin, frame.data.decode()) == (OP_TEXT, True, text)
    assert len(frame.data) == size
