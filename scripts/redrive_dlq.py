#!/usr/bin/env python3
"""Send the events in the dead-letter queue back to the bus, then delete them.

    python scripts/redrive_dlq.py --queue-url URL --bus NAME [--dry-run] [--max N]

Each DLQ message body is the event EventBridge could not deliver. The script
prints why each failed (the ERROR_CODE, ERROR_MESSAGE and TARGET_ARN attributes), puts the
event back on the bus with PutEvents, and deletes the message only once
EventBridge has accepted the event. Messages it could not put back stay in the
queue. Needs boto3 and credentials for the account (the usual AWS_* settings).

Safe to run with idempotency keys: a re-sent event gets a new EventBridge id,
but its detail, and so its Idempotency-Key, is unchanged.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def entry_for(body: str, bus: str) -> dict[str, str]:
    """The PutEvents entry that re-sends the event in a DLQ message body."""
    event = json.loads(body)
    return {
        "Source": event["source"],
        "DetailType": event["detail-type"],
        "Detail": json.dumps(event["detail"], separators=(",", ":")),
        "EventBusName": bus,
    }


def redrive(sqs: Any, events: Any, queue_url: str, bus: str, *, limit: int, dry_run: bool) -> int:
    """Re-send up to `limit` messages; return how many were put back (or would be)."""
    sent = 0
    seen: set[str] = set()
    while sent < limit:
        batch = sqs.receive_message(
            QueueUrl=queue_url,
            MaxNumberOfMessages=min(10, limit - sent),
            WaitTimeSeconds=1,
            MessageAttributeNames=["All"],
            VisibilityTimeout=30,
        ).get("Messages", [])
        fresh = [m for m in batch if m["MessageId"] not in seen]
        if not fresh:
            break
        for message in fresh:
            seen.add(message["MessageId"])
            attributes = message.get("MessageAttributes", {})
            why = " ".join(
                f"{key}={attributes[key].get('StringValue', '')}"
                for key in ("ERROR_CODE", "ERROR_MESSAGE", "TARGET_ARN")
                if key in attributes
            )
            print(f"{message['MessageId']}: {why or 'no error attributes'}")
            if dry_run:
                sent += 1
                continue
            result = events.put_events(Entries=[entry_for(message["Body"], bus)])
            if result["FailedEntryCount"]:
                print(f"  not put back: {result['Entries'][0].get('ErrorMessage')}")
                continue
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            sent += 1
    return sent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queue-url", required=True, help="the dlqUrl / dlq_url output")
    parser.add_argument("--bus", required=True, help="the bus name, <prefix>-bus")
    parser.add_argument("--max", type=int, default=1000, help="stop after this many (1000)")
    parser.add_argument("--dry-run", action="store_true", help="only print why each failed")
    parser.add_argument("--region", help="AWS region (default: from the environment)")
    parser.add_argument("--endpoint-url", help=argparse.SUPPRESS)  # tests: a local AWS API
    args = parser.parse_args(argv)
    if args.max < 1:
        parser.error(f"--max = {args.max}: must be at least 1")

    import boto3

    session = boto3.session.Session(region_name=args.region)
    sqs = session.client("sqs", endpoint_url=args.endpoint_url)
    events = session.client("events", endpoint_url=args.endpoint_url)
    count = redrive(sqs, events, args.queue_url, args.bus, limit=args.max, dry_run=args.dry_run)
    verb = "would put back" if args.dry_run else "put back"
    print(f"{verb} {count} event(s) on {args.bus}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
