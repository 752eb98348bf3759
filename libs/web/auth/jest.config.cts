module.exports = require('../../../jest.angular.config.cjs')('web-auth', __dirname);
