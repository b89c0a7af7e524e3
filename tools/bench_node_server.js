// node-soap side of `make bench` (tools/bench_node.py): a node cluster of BENCH_WORKERS workers, each a
// node-soap Server built from the reference Contact WSDL. Every request goes through node-soap itself
// (its XML parse into objects, dispatch on the body's element, the operation's handler, serialization of
// the handler's result); only the envelope it would write is replaced by the fixed answer soapsvc gave,
// so both sides send the same bytes. Prints "ready" once every worker listens.
"use strict";
const cluster = require("node:cluster");
const fs = require("node:fs");
const http = require("node:http");
const soap = require("soap");

const port = Number(process.env.BENCH_PORT);
const workers = Number(process.env.BENCH_WORKERS || "2");

if (cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("listening", () => {
    if (++listening === workers) console.log("ready");
  });
  cluster.on("exit", (worker, code) => {
    console.error(`worker ${worker.process.pid} left with ${code}`);
    process.exit(1);
  });
} else {
  const wsdl = fs.readFileSync(process.env.BENCH_WSDL, "utf8");
  const answer = fs.readFileSync(process.env.BENCH_ANSWER);
  const service = {
    WcfContactService: {
      BasicHttpBinding_Contact: {
        GetContactEntity: (args) => {
          if (!args.ContactEntityId) throw new Error("no ContactEntityId parsed");
          return {};
        },
      },
    },
  };
  const server = http.createServer();
  const soapServer = soap.listen(server, { path: process.env.BENCH_PATH, services: service, xml: wsdl });
  soapServer._envelope = () => answer;
  server.listen(port, "127.0.0.1");
}
