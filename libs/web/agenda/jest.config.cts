module.exports = require('../../../jest.angular.config.cjs')('web-agenda', __dirname);
