module.exports = require('../../../jest.angular.config.cjs')('web-core', __dirname);
