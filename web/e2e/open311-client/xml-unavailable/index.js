'use strict'
// See package.json: the open311 client's XML parsers cannot be installed here; JSON mode never calls them.
function unavailable() {
  throw new Error('open311 client: XML parsing (sparkxml / xml2json) is not installed; use format "json"')
}
module.exports = { parseXml: unavailable, toJson: unavailable }
