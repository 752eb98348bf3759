module.exports = require('../../../jest.angular.config.cjs')('web-ui', __dirname);
