module.exports = require('../../../jest.angular.config.cjs')('web-shell', __dirname);
