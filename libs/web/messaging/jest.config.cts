module.exports = require('../../../jest.angular.config.cjs')('web-messaging', __dirname);
