import { Controller } from '@nestjs/common';
import { API, RequestSubject, type TokenBody } from '@studio/contracts';
import { Access } from '../auth/auth-context';
import { ServiceRequests } from '../bus/service-requests';
import { Input, type RequestInput } from '../http/request-input';
import { Route } from '../http/route.decorator';

/** The studio owner's email, verified from the link sent at sign-up (it lifts the studio's email quota). */
@Controller()
@Access('public')
export class EmailVerificationsController {
  constructor(private readonly services: ServiceRequests) {}

  @Route(API.verifyEmail)
  async verify(@Input() { params }: RequestInput<typeof API.verifyEmail>): Promise<void> {
    const body: TokenBody = { token: params.token };
    await this.services.request<unknown>(RequestSubject.verifyEmail, body);
  }
}
