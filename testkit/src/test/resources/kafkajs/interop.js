// A consumer and producer that RevertIQ did not write: kafkajs + @kafkajs/confluent-schema-registry.
// Usage: node interop.js BROKERS REGISTRY_URL TOPIC RUN_ID EXPECTED SCHEMA_FILE
// Prints one JSON line per decoded record whose key is RUN_ID, then produces one record keyed RUN_ID-js.
const fs = require('fs');
const { Kafka, logLevel, Partitioners } = require('kafkajs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

const [brokers, registryUrl, topic, runId, expected, schemaFile] = process.argv.slice(2);

async function main() {
  const kafka = new Kafka({ clientId: 'kafkajs-interop', brokers: [brokers], logLevel: logLevel.ERROR });
  const registry = new SchemaRegistry({ host: registryUrl });
  const consumer = kafka.consumer({ groupId: 'kafkajs-interop-' + runId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const decoded = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out after ' + decoded.length + ' records')), 60000);
    consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key && message.key.toString() === runId) {
          decoded.push(await registry.decode(message.value));
          if (decoded.length >= Number(expected)) { clearTimeout(timer); resolve(); }
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  for (const value of decoded) console.log('DECODED ' + JSON.stringify(value));

  const { id } = await registry.register(
    { type: SchemaType.AVRO, schema: fs.readFileSync(schemaFile, 'utf8') }, { subject: topic + '-value' });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const value = await registry.encode(id, {
    ticker: 'QQQ', interval: '5m', t: 1700000000000, o: 10.5, h: 11, l: 10, c: 10.75, v: 1234,
    vw: 10.6, n: 42, provider: 'kafkajs',
  });
  await producer.send({ topic, messages: [{ key: runId + '-js', value }] });
  await producer.disconnect();
  console.log('PRODUCED ' + id);
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
