module.exports = require('../../../jest.angular.config.cjs')('web-patients', __dirname);
