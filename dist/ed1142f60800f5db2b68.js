module.exports = eval("require")("./scan-worker.js");
