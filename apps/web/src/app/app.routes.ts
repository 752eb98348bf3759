import { Route } from '@angular/router';
import { authRoutes } from '@passerelle/web/auth';
import { shellRoutes } from '@passerelle/web/shell';

export const appRoutes: Route[] = shellRoutes([...authRoutes]);
