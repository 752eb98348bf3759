import { bootstrapApplication } from '@angular/platform-browser';
import { appConfig } from './app/app.config';
import { App } from './app/app';

bootstrapApplication(App, appConfig).catch((error: unknown) => {
  // Nothing rendered: say so in the page rather than in a console nobody reads.
  document.body.textContent =
    'Passerelle n’a pas pu démarrer. Veuillez recharger la page.';
  throw error;
});
