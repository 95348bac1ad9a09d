import type { Holder } from '../../../schemas/holder'
import { maskNationalId, maskPhone } from '../../domain/masking'
import type { Principal } from '../../env'

/** A holder as this principal may see it: CCCD and phone whole only for the department. */
export function presentHolder(holder: Holder, principal: Principal): Holder {
  if (principal.role === 'admin') return holder
  return {
    ...holder,
    nationalId: maskNationalId(holder.nationalId),
    phone: maskPhone(holder.phone),
  }
}
