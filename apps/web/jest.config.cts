module.exports = require('../../jest.angular.config.cjs')('web', __dirname);
