import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'passerelle:public';
/** No session needed (login, registration, health). Read by the auth library's SessionGuard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
