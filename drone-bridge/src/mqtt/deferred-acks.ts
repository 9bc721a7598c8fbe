import type { IPublishPacket, MqttClient } from 'mqtt';

/**
 * PUBACK only after commit, with many messages in flight.
 *
 * Why this file exists: mqtt.js (pinned 5.16) handles incoming packets strictly one at a time. Its work loop
 * (build/lib/client.js `connect()` → `work()`) takes the next parsed packet only when the previous handler calls
 * `done`, and for a QoS 1 PUBLISH (handlers/publish.js) `done` runs after `client.handleMessage(packet, cb)`
 * calls back *and* the PUBACK was written. Waiting in handleMessage for a database commit would therefore
 * commit one message at a time.
 *
 * What we do instead: `handleMessage` hands the packet on and calls back at once **with an error**. For QoS 1,
 * publish.js then skips its own PUBACK (`if (err) return done(err)`) and the work loop moves on to the next
 * packet. The PUBACK is written by us, later, through `ack()`, once the message's batch is committed. Acks are
 * sent in the order the bridge commits, which is arrival order (MQTT 4.6).
 *
 * A held-back ack belongs to the network connection the PUBLISH came on. If that connection has since closed,
 * the ack is dropped: the broker redelivers the message on the next connection of the persistent session (it
 * will be a duplicate in the database, which is harmless), and a PUBACK with a stale packet id must never reach
 * a new connection, where the id may already name another message.
 *
 * The behaviour is tested against real brokers in bridge.db.test.ts ("a message whose commit never happened
 * is redelivered") — if an mqtt.js upgrade changes publish.js, that test fails.
 */

export type DeferredHandler = (packet: IPublishPacket, ack: () => void) => void;

/** Marker passed to mqtt.js so it neither acknowledges nor treats the message as failed. */
const DEFERRED = Object.freeze(new Error('lookout: PUBACK deferred until commit'));

interface ClientInternals {
  stream: unknown;
  connected: boolean;
  _sendPacket(packet: { cmd: 'puback'; messageId: number; reasonCode?: number }, cb?: () => void): void;
}

export function installDeferredAcks(client: MqttClient, onMessage: DeferredHandler): void {
  const internals = client as unknown as ClientInternals;
  client.handleMessage = (packet, callback) => {
    const publish = packet as IPublishPacket;
    if (publish.qos !== 1 || publish.messageId === undefined) {
      // QoS 0: nothing to acknowledge. QoS 2 is not subscribed to; let mqtt.js do its default.
      onMessage(publish, () => undefined);
      callback();
      return;
    }
    const stream = internals.stream;
    const messageId = publish.messageId;
    let sent = false;
    onMessage(publish, () => {
      if (sent) return;
      sent = true;
      if (internals.stream !== stream || !internals.connected) return; // stale: the broker will redeliver
      internals._sendPacket({ cmd: 'puback', messageId, reasonCode: 0 });
    });
    callback(DEFERRED);
  };
}
