module.exports = require('../../../jest.angular.config.cjs')('web-directory', __dirname);
